"""Text intelligence: offline, explainable extraction from intelligence reports, anonymous tips
and police press releases.

    >>> from linewatch.text import extract
    >>> result = extract("Seven people were arrested and £20,000 cash was seized.")
    >>> result.to_contract()["arrests"], result.to_contract()["cash_gbp"]
    (7, 20000)

Rules only (a blank spaCy English pipeline, phrase matchers over an offline gazetteer and
vocabulary files in ``data/``, regular expressions, ``phonenumbers``); every value keeps its
character span and the rule that produced it. See docs/text.md.
"""

from linewatch.text.extract import extract, warm_up
from linewatch.text.model import DrugEntry, Extraction, Person, Span

__all__ = ["DrugEntry", "Extraction", "Person", "Span", "extract", "warm_up"]
