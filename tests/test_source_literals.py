"""No Japanese text in the code: words of the news are pack data (src/hodo/packs/*/*.toml).

Reads every module of src/hodo with ``ast`` and fails on a string literal that
holds Japanese (kana, kanji, CJK and full-width punctuation), written as is or
as a ``\\uXXXX`` escape. Docstrings and comments may hold Japanese. So may the
facts of the writing system itself, in the places named in ``ALLOWED``; and a
regular expression may name Japanese code points inside a character class
(``[\\u30a1-\\u30fa]``: a script's range, not a word).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "hodo"

JAPANESE = re.compile(
    "[\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3200-\u32ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
# A character class's body on its own, ranges of code points (put into classes elsewhere).
CLASS_BODY = re.compile(r"(?:\\u[0-9a-fA-F]{4}|-)+")

# Module → the module-level names whose values may hold Japanese (None: the whole module).
ALLOWED: dict[str, set[str] | None] = {
    # The character repertoire of Unicode normalization (what NFKC would change and what it keeps).
    "normalize.py": None,
    # The punctuation marks and width forms of Japanese writing.
    "script.py": None,
    # The kana romanisation table.
    "link/kana.py": {"_COMBOS", "_SINGLE", "_SILENT", "_SEPARATORS"},
    # The numeral table.
    "extract/numbers.py": {"_KANJI_DIGIT", "_SMALL_MULT", "BIG_MULTIPLIERS", "_FEW"},
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _names_of(statement: ast.stmt) -> set[str]:
    targets = statement.targets if isinstance(statement, ast.Assign) else [getattr(statement, "target", None)]
    return {t.id for t in targets if isinstance(t, ast.Name)}


def _escaped_outside_classes(value: str) -> list[str]:
    """``\\uXXXX`` escapes of Japanese code points that stand outside a [character class]."""
    if CLASS_BODY.fullmatch(value) and "-" in value:
        return []
    found = []
    inside = False
    i = 0
    while i < len(value):
        char = value[i]
        if char == "\\":
            escape = ESCAPE.match(value, i)
            if escape is not None:
                if not inside and JAPANESE.match(chr(int(escape.group(1), 16))):
                    found.append(escape.group())
                i = escape.end()
            else:
                i += 2
            continue
        if char == "[" and not inside:
            inside = True
        elif char == "]" and inside:
            inside = False
        i += 1
    return found


def _violations(path: Path) -> list[str]:
    module = path.relative_to(SOURCE).as_posix()
    allowed = ALLOWED.get(module, set())
    if allowed is None:
        return []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for statement in tree.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and _names_of(statement) & allowed:
            skip.update(id(node) for node in ast.walk(statement))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or id(node) in skip:
            continue
        if JAPANESE.search(node.value) or _escaped_outside_classes(node.value):
            found.append(f"{module}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_no_string_literal_in_the_code_holds_japanese() -> None:
    modules = sorted(SOURCE.rglob("*.py"))
    assert len(modules) > 30
    violations = [v for path in modules for v in _violations(path)]
    assert violations == [], "Japanese text belongs in a pack:\n" + "\n".join(violations)


def test_the_allowed_places_exist() -> None:
    for module, names in ALLOWED.items():
        path = SOURCE / module
        assert path.exists(), module
        if names:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            defined = {name for statement in tree.body if isinstance(statement, ast.Assign | ast.AnnAssign)
                       for name in _names_of(statement)}
            assert names <= defined, (module, names - defined)


def test_the_check_finds_words_however_they_are_written() -> None:
    code = 'WORD = "攻撃"\nESCAPED = r"\\u653b\\u6483"\nRANGE = r"[\\u30a1-\\u30fa]"\nBODY = r"\\u30a1-\\u30fa"\n'
    tree = ast.parse(code)
    values = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    flagged = [v for v in values if JAPANESE.search(v) or _escaped_outside_classes(v)]
    assert flagged == ["攻撃", r"\u653b\u6483"]
