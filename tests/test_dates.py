"""Check-by dates and quantities, resolved against the letter's own date."""

from __future__ import annotations

from datetime import date

import pytest

from commitnlp.dates import check_by, letter_date, quantities


@pytest.mark.parametrize("lines, expected", [
    (["Date: 19/02/2025"], "2025-02-19"),
    (["Our ref: X/1", "14th March 2023"], "2023-03-14"),
    (["March 3, 2021"], "2021-03-03"),
    (["2024-11-05"], "2024-11-05"),
    (["12/31/2024"], "2024-12-31"),
    (["Police Headquarters"], None),
])
def test_letter_date(lines, expected):
    assert letter_date(lines) == expected


LETTER = "2025-02-19"


@pytest.mark.parametrize("sentence, expression, start, end", [
    ("This will launch in April with a view to training staff.", "in April", date(2025, 4, 1), date(2025, 4, 30)),
    ("In spring, our officers will transition to ward roles.", "In spring", date(2025, 3, 1), date(2025, 5, 31)),
    ("We plan to launch our charter later this month.", "later this month", date(2025, 2, 19), date(2025, 2, 28)),
    ("We will set out a plan by the end of December 2024.", "by the end of December 2024", date(2024, 12, 1), date(2024, 12, 31)),
    ("The audit will be completed within six months.", "within six months", date(2025, 2, 19), date(2025, 8, 19)),
    ("We will publish it by 31 March.", "by 31 March", date(2025, 3, 31), date(2025, 3, 31)),
    ("The unit will open this year.", "this year", date(2025, 2, 19), date(2025, 12, 31)),
    ("Funding is confirmed for 2025/26.", "for 2025/26", None, None),
    ("We will report by the end of the financial year.", "by the end of the financial year", date(2024, 4, 1), date(2025, 3, 31)),
    ("Training will finish in the first quarter of 2026.", "in the first quarter of 2026", date(2026, 1, 1), date(2026, 3, 31)),
    ("The pilot starts in early 2026.", "early 2026", date(2026, 1, 1), date(2026, 4, 30)),
])
def test_check_by(sentence, expression, start, end):
    found = check_by(sentence, LETTER)
    if start is None:
        assert found is None or found.expression != expression
        return
    assert (found.expression, found.start, found.end) == (expression, start, end)


def test_relative_dates_need_the_letter_date():
    found = check_by("We will launch it later this month.", None)
    assert found.expression == "later this month" and found.end is None
    assert check_by("The strategy sets our values.", LETTER) is None


@pytest.mark.parametrize("sentence, expected", [
    ("We will train more than 20,000 officers and staff on adultification.", ["more than 20,000 officers and staff"]),
    ("training approx. 900 officers and staff each week", ["approx. 900 officers and staff each week"]),
    ("In 2023/24 we received 4,812 referrals, 94% of which were", ["4,812 referrals", "94%"]),
    ("by 31 March 2025", []),
])
def test_quantities(sentence, expected):
    assert quantities(sentence) == expected
