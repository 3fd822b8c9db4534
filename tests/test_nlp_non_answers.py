"""A party that gives no answer ("could not be reached for comment", "did not respond to a
request for comment", "declined to comment") takes no position on the claim it was asked about:
stance `neither`, that party, and the proposition of the claim the article reported just before
(or of an earlier one naming the party). With no such claim, nothing anyone could check is said
and no claim is made of it. Texts of our own."""

from __future__ import annotations

from claims.nlp.types import ClaimCandidate
from tests.support.claims import article_claims
from tests.support.claims import claimant_name as _claimant

_CRACKS = (
    "The county engineer said cracks had opened in two pillars of the Marrow Creek bridge "
    "after the spring floods."
)


def _claims(text: str) -> list[ClaimCandidate]:
    return article_claims(text, publisher="The Daily Planet")


def test_could_not_be_reached_is_the_partys_silence_on_the_claim_before() -> None:
    claims = _claims(
        f"{_CRACKS}\n\nThe contractor, Osterby Bridgeworks, could not be reached for comment."
    )
    assert len(claims) == 2
    silent = claims[1]
    assert _claimant(silent) == "Osterby Bridgeworks"
    assert silent.cue == "could not be reached"
    assert silent.stance == "neither"
    assert silent.refers_to == 0
    assert silent.content == claims[0].content
    assert silent.summary == claims[0].summary


def test_no_response_and_declining_refer_to_the_claim_asked_about() -> None:
    claims = _claims(
        f"{_CRACKS}\n\n"
        "Osterby Bridgeworks did not respond to the Planet's request for comment.\n\n"
        "The regional roads authority declined to comment."
    )
    assert [(_claimant(c), c.stance, c.refers_to) for c in claims] == [
        ("county engineer", "asserts", None),
        ("Osterby Bridgeworks", "neither", 0),
        ("regional roads authority", "neither", 0),
    ]
    assert claims[1].cue == "did not respond"
    assert claims[2].cue == "declined to comment"
    assert "cracks had opened" in claims[2].content


def test_a_non_answer_with_nothing_asked_before_is_no_claim() -> None:
    assert _claims("The regional roads authority declined to comment.") == []
    assert _claims("Osterby Bridgeworks could not be reached for comment on Tuesday.") == []


def test_declining_to_comment_further_on_its_own_words_is_no_claim() -> None:
    claims = _claims(
        "The regional roads authority said the bridge would stay closed until March. "
        "The authority declined to comment further."
    )
    assert [(_claimant(c), c.stance) for c in claims] == [("regional roads authority", "asserts")]


def test_a_refusal_with_its_own_topic_keeps_it() -> None:
    claims = _claims(
        f"{_CRACKS}\n\nThe contractor declined to comment on the cost of the repairs to the "
        "eastern ramp."
    )
    refusal = claims[-1]
    assert refusal.stance == "neither"
    assert refusal.refers_to is None
    assert "cost of the repairs" in refusal.content


def test_a_place_out_of_reach_is_no_silence() -> None:
    claims = _claims("The flooded village of Harnmoor could not be reached by road for three days.")
    assert not any(c.cue.startswith("could not be reached") for c in claims)


def test_declined_comment_without_to() -> None:
    claims = _claims(f"{_CRACKS}\n\nThe county council declined comment on the findings.")
    refusal = claims[-1]
    assert (_claimant(refusal), refusal.cue, refusal.stance) == (
        "county council",
        "declined comment",
        "neither",
    )
    assert refusal.refers_to == 0


def test_has_yet_to_comment_on_those_claims() -> None:
    claims = _claims(f"{_CRACKS}\n\nThe contractor has yet to comment on those claims.")
    refusal = claims[-1]
    assert (refusal.cue, refusal.stance, refusal.refers_to) == ("has yet to comment", "neither", 0)
    (other,) = _claims("The ministry has yet to respond to the union's letter about night shifts.")
    assert (other.cue, other.stance) == ("has yet to respond", "neither")
    assert "night shifts" in other.content


def test_has_yet_to_decide_is_no_refusal() -> None:
    assert not any(
        c.stance == "neither"
        for c in _claims("The company has yet to decide on the closure of the Vessel Road plant.")
    )


def test_no_immediate_comment_from_a_party() -> None:
    claims = _claims(f"{_CRACKS}\n\nThere was no immediate comment from Osterby Bridgeworks.")
    silent = claims[-1]
    assert (_claimant(silent), silent.cue, silent.stance, silent.refers_to) == (
        "Osterby Bridgeworks",
        "no immediate comment",
        "neither",
        0,
    )
    (own,) = _claims(
        "There was no response from the ministry to the letter the unions sent in May about pay."
    )
    assert own.stance == "neither"
    assert "letter" in own.content


def test_who_asked_is_no_topic_of_the_refusal() -> None:
    claims = _claims(
        f"{_CRACKS}\n\nThe roads minister, Ivo Marel, did not respond to requests for comment "
        "from the Daily Planet."
    )
    assert (_claimant(claims[-1]), claims[-1].refers_to) == ("Ivo Marel", 0)
    (own,) = _claims("The board did not respond to questions from voters about the count.")
    assert own.refers_to is None
    assert "about the count" in own.content
