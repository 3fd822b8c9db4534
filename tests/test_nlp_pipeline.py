"""The extractor's public API: languages, batches, bad input, the gazetteer and nationality table.

Bad inputs tried here: a non-English language code, a text that is not a str, an article with
no publication date (dates that need one stay unresolved rather than guessed), an empty
batch, and gazetteer look-ups of words that are not places.
"""

from __future__ import annotations

from datetime import date

import pytest

from claims.nlp.gazetteer import DATA_DIR, gazetteer
from claims.nlp.pipeline import (
    UnsupportedLanguageError,
    extract_claims,
    extract_claims_many,
    get_nlp,
    is_supported_language,
)
from claims.nlp.types import ArticleInput

TEXT = (
    "Rebels seize town\n"
    "The M23 rebel group said on Tuesday that its fighters had captured the town of Goma, "
    'a claim the army dismissed as "fake news."\n'
    "Army spokesman Sylvain Ekenge denied that Goma had fallen.\n"
)


@pytest.mark.parametrize(
    ("code", "supported"),
    [
        ("en", True),
        ("en-GB", True),
        ("EN_us", True),
        ("", True),
        (None, True),
        ("fr", False),
        ("de-DE", False),
        ("uk", False),
        ("zh", False),
    ],
)
def test_is_supported_language(code: str | None, supported: bool) -> None:
    assert is_supported_language(code) is supported


def test_non_english_is_refused_with_a_clear_error() -> None:
    with pytest.raises(UnsupportedLanguageError, match="'fr' is not supported"):
        extract_claims("Le gouvernement a démenti.", published=None, language="fr")


def test_text_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        extract_claims_many([ArticleInput(text=b"bytes")])  # type: ignore[arg-type]


def test_empty_batch() -> None:
    assert extract_claims_many([]) == []


def test_model_is_loaded_once() -> None:
    assert get_nlp() is get_nlp()


def test_batch_gives_the_same_claims_as_one_by_one() -> None:
    first = ArticleInput(text=TEXT, published=date(2025, 1, 28), publisher="Wire")
    second = ArticleInput(text=TEXT.replace("Goma", "Bukavu"), published=date(2025, 2, 14))
    batch = extract_claims_many([first, second])
    single = [
        extract_claims(a.text, published=a.published, publisher=a.publisher)
        for a in (first, second)
    ]
    assert [[c.quote for c in claims] for claims in batch] == [
        [c.quote for c in claims] for claims in single
    ]
    claims = batch[0]
    assert claims[0].claimant is not None
    assert claims[0].claimant.name.startswith("M23")
    assert claims[0].stated_on is not None
    assert claims[0].stated_on.iso() == "2025-01-28"
    # "..., a claim the army dismissed as fake news": the army's denial is a claim of its own.
    assert claims[1].stance == "denies"
    assert claims[1].claimant is not None
    assert claims[1].claimant.name == "army"
    assert claims[2].stance == "denies"
    assert claims[2].claimant is not None
    assert claims[2].claimant.name == "Sylvain Ekenge"


def test_without_a_publication_date_relative_dates_stay_unknown() -> None:
    claims = extract_claims(TEXT, published=None)
    assert claims
    assert all(c.stated_on is None and c.event_date is None for c in claims)


def test_every_country_has_a_nationality_word() -> None:
    gaz = gazetteer()
    missing = [iso for iso in gaz.country_names if iso not in gaz.demonym_of]
    assert missing == []
    for word, iso in [
        ("North Korean", "KP"),
        ("South Sudanese", "SS"),
        ("Emirati", "AE"),
        ("Israelis", "IL"),
        ("Ukrainians", "UA"),
        ("Congolese", "CD"),
        ("U.S.", "US"),
        ("Burkinabe", "BF"),
    ]:
        assert gaz.country_iso(word) == iso, word


@pytest.mark.parametrize(
    ("words", "region_word", "name", "kind", "country"),
    [
        ("Kherson", "region", "Kherson Oblast", "region", "UA"),
        ("Belgorod", "area", "Belgorod Oblast", "region", "RU"),
        ("Idlib", "province", "Idlib Governorate", "region", "SY"),
        ("North Darfur", "", "North Darfur", "region", "SD"),
        ("Donbass", "", "Donbas", "region", "UA"),
        ("Khartoum", "", "Khartoum", "city", "SD"),
        ("Khan Yunis", "", "Khān Yūnis", "city", "PS"),
        ("Niamey", "", "Niamey", "city", "NE"),
        ("the Gaza Strip", "", "Gaza Strip", "region", "PS"),
        ("Texas", "", "Texas", "region", "US"),
        ("Ukraine", "", "Ukraine", "country", "UA"),
    ],
)
def test_gazetteer(words: str, region_word: str, name: str, kind: str, country: str) -> None:
    place = gazetteer().place(words, region_word=region_word)
    assert place is not None
    assert (place.name, place.kind, place.country) == (name, kind, country)


@pytest.mark.parametrize("words", ["", "Facebook", "Mr. Smith", "Notaplace Atall"])
def test_gazetteer_misses(words: str) -> None:
    assert gazetteer().place(words) is None


def test_data_files_are_documented() -> None:
    for name in ("demonyms.tsv", "regions.tsv"):
        head = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()[0]
        assert head.startswith("#")


def test_a_summary_reads_as_the_article_wrote_it() -> None:
    """Punctuation inside the claim is kept (matching's content is words only), and a clause
    that started mid-sentence still reads as a title."""
    text = (
        "Talks stall\n"
        "“We are not asking for help. Well, we can manage alone,” the minister said on Monday.\n"
        "According to the envoy, the deal is a “comprehensive partnership” between the two.\n"
    )
    summaries = [c.summary for c in extract_claims(text, published=date(2024, 10, 24))]
    assert "We are not asking for help. Well, we can manage alone" in summaries
    assert "The deal is a “comprehensive partnership” between the two" in summaries
