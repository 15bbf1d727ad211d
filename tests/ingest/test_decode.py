"""decode_bytes: every Japanese encoding reads back the same text; binary data is refused."""

from __future__ import annotations

import pytest

from hodo.ingest.decode import DecodeProblem, decode_bytes
from hodo.normalize import normalize

TEXT = (
    "ロシア国防省は十二日、ウクライナ軍が過去二十四時間に千二百人以上の兵士を失ったと発表した。\n"
    "防空部隊は無人機五十機を撃墜し、「ハイマース」のロケット弾三発を迎撃したという。\n"
)


@pytest.mark.parametrize(
    ("data", "expected_codec"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("shift_jis"), "shift_jis"),
        (TEXT.encode("euc_jp"), "euc_jp"),
        (TEXT.encode("iso2022_jp"), "iso2022_jp_ext"),
    ],
)
def test_each_encoding_decodes_to_the_same_text(data: bytes, expected_codec: str) -> None:
    text, codec = decode_bytes(data)
    assert text == TEXT
    assert codec == expected_codec


def test_cp932_only_characters_are_read_as_cp932() -> None:
    text = "①キーウ周辺で5～10機の無人機を確認。\n②ハルキウでも同様の攻撃があった。"
    decoded, codec = decode_bytes(text.encode("cp932"))
    assert codec == "cp932"
    assert decoded == text


def test_shift_jis_and_cp932_readings_normalize_alike() -> None:
    # The same bytes mean 〜 and − to Shift_JIS but ～ and － to CP932; normalized they agree.
    text = "3月8日〜14日の気温は−5度"
    sjis = normalize(decode_bytes(text.encode("shift_jis"))[0]).text
    cp932 = normalize(decode_bytes((text + "①").encode("cp932"))[0]).text
    assert cp932 == sjis + "①"


def test_short_euc_jp_text_is_not_taken_for_shift_jis() -> None:
    # EUC-JP kana bytes also decode as Shift_JIS, but as half-width katakana soup.
    text = "ドローンを撃墜した"
    assert decode_bytes(text.encode("euc_jp")) == (text, "euc_jp")


def test_declared_charset_breaks_a_tie_but_does_not_override_the_bytes() -> None:
    data = "ロシア".encode("cp932")
    assert decode_bytes(data, declared="Shift_JIS")[0] == "ロシア"
    assert decode_bytes(data, declared="iso-8859-1")[0] == "ロシア"


def test_a_file_cut_mid_character_is_read_with_one_replacement() -> None:
    data = (TEXT * 3).encode("utf-8")[:-2]  # the newline and the last byte of 。
    text, codec = decode_bytes(data)
    assert codec == "utf-8"
    assert text.endswith("\ufffd")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"abc\x00def", "NUL"),
        (b"%PDF-1.7\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"PK\x03\x04rest", "ZIP"),
        (bytes(range(1, 32)) * 20, "control"),
    ],
)
def test_binary_data_is_refused(data: bytes, words: str) -> None:
    with pytest.raises(DecodeProblem, match=words):
        decode_bytes(data)


def test_bytes_in_no_known_encoding_are_refused() -> None:
    with pytest.raises(DecodeProblem, match="cannot decode"):
        decode_bytes(b"text " + bytes(range(0x80, 0x100)) * 4)
