"""An outlet's event told in a relative clause of a sentence about something else: the claim
is what the clause says, so matching links it to other tellings of that event and not to
statements about the rest of the sentence. Texts of our own."""

from __future__ import annotations

from datetime import date

from claims import matching
from claims.nlp.pipeline import extract_claims


def _only(text: str, *, published: date = date(2025, 3, 6)):
    claims = extract_claims(text, published=published, publisher="The Daily Planet")
    assert len(claims) == 1, [c.quote for c in claims]
    return claims[0]


VISIT = (
    "The concern over the possible arrival of Ruritanian marines on the Borduria front follows "
    "a short but momentous trip to Szohod by Bordurian leader Anton Pleznik, who signed a "
    "mutual defence pact with his host, General Kurvi, that obliges either country to help "
    "the other if it is attacked."
)


def test_the_claim_is_the_relative_clause_event_not_the_sentence_it_sits_in() -> None:
    claim = _only(VISIT)
    # The mention still quotes the whole sentence; what it claims is the pact.
    assert claim.quote == VISIT
    assert claim.action == "sign"
    assert claim.content.startswith("Bordurian leader Anton Pleznik, who signed")
    assert "concern" not in claim.content
    assert claim.summary.startswith("Bordurian leader Anton Pleznik, who signed")


def test_a_relative_clause_event_links_to_its_retelling_not_to_the_sentence_topic() -> None:
    pact = _only(VISIT)
    retold = _only(
        "The two countries reaffirmed and expanded their defence alliance this spring during a "
        "state visit by Bordurian leader Anton Pleznik.",
        published=date(2025, 9, 1),
    )
    topic = _only(
        "The concern over the possible arrival of Ruritanian marines on the Borduria front "
        "has grown since the spring, officials in Szohod said.",
        published=date(2025, 9, 2),
    )
    assert matching.are_same_claim(pact, retold)
    assert matching.are_same_claim(retold, pact)
    assert not matching.are_same_claim(topic, pact)
    assert not matching.are_same_claim(pact, topic)
