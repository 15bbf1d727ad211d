"""The side-by-side event view renders claimants, figures and clashes."""

from __future__ import annotations

from datetime import date

from rich.console import Console

from hodo.cluster import cluster_claims
from hodo.models import Claim, DateRange, Entity, Outlet, Quantity
from hodo.serve.event_view import render_event

JUNE_1 = DateRange(date(2025, 6, 1), date(2025, 6, 1))


def _claim(cid: str, who: str, outlet: str, value: float, *, approx: bool = False) -> Claim:
    return Claim(
        claim_id=cid, doc=outlet, sentence=f"{who}によると作戦でロシア軍機{value:g}機に打撃を与えた", span=(0, 10),
        type="equipment_losses", claimant=Entity(None, who, "organization"), outlet=Outlet(outlet, outlet.upper()),
        quantities=[Quantity(value, value, value, approx, "機", "aircraft")], when=JUNE_1,
    )


def test_figures_line_up_and_the_clash_is_marked() -> None:
    claims = [_claim("a", "Zelenskyy", "nhk", 41), _claim("b", "US officials", "reuters", 20, approx=True)]
    [event] = cluster_claims(claims)
    assert event.contested
    console = Console(width=160, record=True, color_system="truecolor", force_terminal=True)
    console.print(render_event(event, claims))
    text = console.export_text(clear=False)
    assert "aircraft (機)" in text
    assert "41" in text and "約20" in text
    assert "Zelenskyy" in text and "REUTERS" in text
    assert "contested" in text
    styled = console.export_text(styles=True)
    assert "\x1b[1;31m41" in styled and "\x1b[1;31m約20" in styled


def test_plain_output_without_a_terminal() -> None:
    claims = [_claim("a", "Zelenskyy", "nhk", 41)]
    [event] = cluster_claims(claims)
    console = Console(width=120, force_terminal=False, no_color=True)
    with console.capture() as capture:
        console.print(render_event(event, claims))
    assert "\x1b[" not in capture.get()
    assert "41" in capture.get()
