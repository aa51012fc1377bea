"""What the classifier sees: cues follow the labelling guide, patterns carry across topics."""

from __future__ import annotations

from commitnlp.model.features import cue_features, pattern_ngrams
from commitnlp.training import tokenize


def _cues(text: str) -> dict[str, float]:
    return cue_features(tokenize([text])[0])


def test_patterns_mask_topic_words_and_keep_cue_words():
    custody, schools = tokenize(["We will install new cameras in every custody suite by June.",
                                 "We will install new lockers in every secondary school by June."])
    assert set(pattern_ngrams(custody)) == set(pattern_ngrams(schools))
    assert "will install _ in" in " | ".join(pattern_ngrams(custody))
    hedged = tokenize(["We will consider new cameras in every custody suite by June."])[0]
    assert set(pattern_ngrams(hedged)) != set(pattern_ngrams(custody))


def test_only_the_guides_hedges_make_a_future_hedged():
    assert "hedged_future" in _cues("We will consider extending the scheme.")
    assert "hedged_future" in _cues("We will continue to work with partners.")
    assert "hedged_future" not in _cues("We will update the policy and publish it by March.")
    assert "hedged_future" not in _cues("We will train 500 officers in trauma-informed practice.")


def test_a_hedge_inside_a_hyphenated_compound_is_not_a_cue():
    assert "hedge=informed" in _cues("We will keep the panel informed.")
    assert "hedge=informed" not in _cues("We will deliver trauma-informed training.")


def test_work_in_progress_on_a_deliverable_is_marked():
    assert "in_progress_deliverable" in _cues("We are rolling out body-worn video to every officer.")
    assert "in_progress_deliverable" in _cues("The Force is now recruiting 40 call handlers.")
    assert "in_progress_deliverable" not in _cues("We are working with partners across the county.")


def test_a_decision_reported_against_an_action_is_a_refusal_cue():
    assert "refuse=decided against" in _cues("The Minister decided against a further review.")


def test_a_dated_promise_of_only_an_update_is_not_a_dated_action():
    """The guide: a will-sentence whose deliverable is only communication is VAGUE, dated or not."""
    update = _cues("I will write to the Committee in the spring with an update.")
    assert "dated_communication" in update and "dated_future" not in update
    action = _cues("In the spring, we will open two new custody suites.")
    assert "dated_future" in action and "dated_communication" not in action


def test_a_promise_that_waits_on_something_else_is_a_conditional_cue():
    """Decision 12: any condition on the action makes VAGUE; "contingent on" is one."""
    assert "cond=contingent" in _cues("Further sites will be contingent on the pilot's results.")
    assert "cond=depends on" in _cues("A second phase depends on the budget settlement.")
    assert not any(name.startswith("cond=") for name in _cues("We will open two further sites in May."))
