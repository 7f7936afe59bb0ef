from __future__ import annotations

from datetime import timedelta

import pytest

from tests.helpers import PLAN, reg
from tracetool.codes.codebook import load_codebook
from tracetool.errors import ValidationError
from tracetool.plan.validation import check_registration, validate_registration

CB = load_codebook()


def problems(r: object, **kw: object) -> list[tuple[str, object]]:
    return [(p.where, p.value) for p in check_registration(r, CB, PLAN, **kw)]  # type: ignore[arg-type]


def test_a_plain_registration_is_valid() -> None:
    assert problems(reg()) == []


@pytest.mark.parametrize(
    ("changes", "where", "value"),
    [
        ({"channel": "TLFX"}, "kanal", "TLFX"),
        ({"type": "SNAK"}, "type", "SNAK"),
        ({"closing": "LATER"}, "afslutning", "LATER"),
        ({"form": "MÅSKE", "channel": "EMLIND"}, "blanket", "MÅSKE"),
        ({"channel": "TLFUD"}, "kanal", "TLFUD"),  # outbound channel on an inbound registration
        ({"task": "23.5.10"}, "opgave", "23.5.10"),
        ({"task": "99.99.99"}, "opgave", "99.99.99"),
        ({"municipality": 42}, "kommune", 42),
        ({"count": 0}, "antal", 0),
        ({"unit": "259ukendt"}, "enhed", "259ukendt"),
        ({"channel": "EMLIND"}, "blanket", None),  # e-mail asks the form question
        ({"form": "JA"}, "blanket", "JA"),  # phone does not
        ({"answers": {"koen": "X"}}, "svar.koen", "X"),
        ({"answers": {"postnummer": "46000"}}, "svar.postnummer", "46000"),
        ({"answers": {"cpr": "0101701234"}}, "svar.cpr", "0101701234"),
        (
            {"answers": {"underholdsbidrag": "Forhøjet børnebidrag"}},
            "svar.underholdsbidrag",
            "Forhøjet børnebidrag",
        ),  # question belongs to another task
    ],
)
def test_each_bad_value_is_named_with_its_field(
    changes: dict[str, object], where: str, value: object
) -> None:
    assert (where, value) in problems(reg(**changes))


def test_channel_not_shown_for_unit() -> None:
    found = problems(reg(unit="259telefon", channel="PRSNLG", form="NEJ"))
    assert ("kanal", "PRSNLG") in found


def test_start_after_save_is_refused() -> None:
    r = reg()
    assert ("starttidspunkt", r.saved_at + timedelta(seconds=5)) in problems(
        r.but(started_at=r.saved_at + timedelta(seconds=5))
    )


def test_history_rules_accept_what_real_extracts_hold() -> None:
    old = reg(task="15.20", unit=None, channel="WEB", form="NEJ")
    assert problems(old, rules="history") == []
    assert problems(reg(task="29.03.99", channel="TLFIND", form="JA"), rules="history") == []
    assert ("kanal", "TLFX") in problems(reg(channel="TLFX"), rules="history")


def test_task_status_decides_for_subjects_outside_the_list() -> None:
    r = reg(task="01.02.03")
    assert problems(r, task_status=lambda kle: "active") == []
    assert ("opgave", "01.02.03") in problems(r, task_status=lambda kle: "expired")


def test_extra_question_answer_must_be_fixed() -> None:
    ok = reg(task="05.07.00", answers={"underholdsbidrag": "Forhøjet børnebidrag"})
    assert problems(ok) == []
    bad = ok.but(answers={"underholdsbidrag": "noget helt andet"})
    assert ("svar.underholdsbidrag", "noget helt andet") in problems(bad)


def test_validate_raises_with_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        validate_registration(reg(channel="TLFX", type="SNAK"), CB, PLAN)
    assert len(info.value.problems) == 2
    assert "TLFX" in str(info.value) and "SNAK" in str(info.value)
