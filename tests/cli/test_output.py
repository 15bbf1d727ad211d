"""Renderers: figures, tables in 80 columns with Japanese text, the progress bar."""

from __future__ import annotations

import io
from datetime import date

from rich.cells import cell_len
from rich.console import Console

from hodo.cli.output import claims_table, document_view, events_table, quantity_text
from hodo.cli.progress import IngestProgress
from hodo.models import DateRange, Entity, Event, Quantity
from hodo.pipeline import DocumentOutcome


def _render(renderable, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def test_quantities_read_as_written():
    assert quantity_text(Quantity(1470, 1470, None, False, "人", "soldiers")) == "1470人以上"
    assert quantity_text(Quantity(10, None, None, True, "機", "aircraft")) == "約10機"
    assert quantity_text(Quantity(5, None, 5, False, "発", "missiles")) == "最大5発"
    assert quantity_text(Quantity(2.5, 2.5, 2.5, False, "時間", "hours")) == "2.5時間"
    assert quantity_text(Quantity(63000, 63000, 63000, False, "人", "soldiers")) == "6万3000人"
    assert quantity_text(Quantity(86000000000, None, None, False, "ルーブル", None)) == "860億ルーブル"


def test_claims_table_aligns_japanese_in_80_columns(sample_records, make_document, make_claim):
    _, claims = sample_records
    long_doc = make_document(
        "long.txt",
        "🔸 ドイツ政府は10日、ウクライナに防空システムを新たに4基供与すると発表し、支援額は約5億ユーロに上るという。",
    )
    wordy = Entity(id="de.gov", name="Federal Government of Germany", kind="organization", text="ドイツ政府")
    big = Quantity(500000000, 500000000, 500000000, True, "ユーロ", "euros")
    claims = [*claims, make_claim(long_doc, 0, "aid_and_finance", claimant=wordy, quantities=[big], stated=date(2025, 6, 11))]
    text = _render(claims_table(claims))
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    # Not cropped: every line ends in the table's right border.
    assert all(line[-1] in "┓┃┩│┤┘" for line in lines if line.strip())
    # Every table row is as wide as the header: wide characters are measured, not counted.
    assert len({cell_len(line) for line in lines if line.strip()}) == 1
    assert "900人以上" in text


def test_events_table_fits_80_columns():
    event = Event(
        event_id="ev-4221fd45c13e",
        type="aid_and_finance",
        title="支援: ドイツ政府・ウクライナ・キーウ (2025-06-10〜2025-06-11)",
        when=DateRange(date(2025, 6, 10), date(2025, 6, 11)),
        claims=["c1", "c2"],
        contested=True,
    )
    lines = [line for line in _render(events_table([event])).splitlines() if line.strip()]
    assert max(cell_len(line) for line in lines) <= 80
    assert all(line[-1] in "┓┃┩│┤┘" for line in lines)


def test_document_view_marks_claim_sentences(sample_records):
    docs, claims = sample_records
    text = _render(document_view(docs[0], claims))
    assert "ロシア軍はスムイ州の村を解放した。  [territorial_control]" in text


def test_progress_bar_draws_on_a_terminal_and_errors_always_print():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    with IngestProgress(console) as progress:
        for done in range(1, 6):
            status = "failed" if done == 2 else "new"
            progress(DocumentOutcome(f"f{done}.txt", status, problem="empty file"), done, 5)
    assert "hodo: f2.txt: empty file" in out.getvalue()
    assert "5/5" in out.getvalue() or "━" in out.getvalue()


def test_no_bar_when_quiet_or_few_inputs():
    for quiet, total in ((True, 10), (False, 3)):
        out = io.StringIO()
        console = Console(file=out, force_terminal=True, width=80)
        with IngestProgress(console, quiet=quiet) as progress:
            progress(DocumentOutcome("a.txt", "new"), 1, total)
        assert out.getvalue() == ""
