"""The audit's arithmetic: which run represents a page, and what the report says."""

from __future__ import annotations

from marginalia.audit import median_run


def run(lcp_ms: int) -> dict:
    return {"lcp_ms": lcp_ms, "scores": {"performance": lcp_ms / 10_000}}


def test_the_median_run_by_lcp_represents_the_page_and_every_run_is_kept():
    chosen = median_run([run(1900), run(1500), run(2600), run(1700), run(1600)])
    assert chosen["lcp_ms"] == 1700 and chosen["scores"]["performance"] == 0.17
    assert chosen["lcp_runs_ms"] == [1900, 1500, 2600, 1700, 1600]


def test_of_an_even_count_the_lower_middle_run_is_taken():
    assert median_run([run(1800), run(1400)])["lcp_ms"] == 1400
    assert median_run([run(1500)])["lcp_runs_ms"] == [1500]
