"""3x5x2 intelligence grading (College of Policing APP).

* source evaluation: 1 reliable, 2 untested, 3 not reliable;
* intelligence assessment: A known directly, B known indirectly but corroborated,
  C known indirectly, D not known, E suspected to be false;
* handling code: P lawful sharing permitted, C lawful sharing with conditions.
"""

from __future__ import annotations

from dataclasses import dataclass

from linewatch.errors import CleanError

SOURCE_EVALUATION = {"1": "reliable", "2": "untested", "3": "not reliable"}
ASSESSMENT = {
    "A": "known directly to the source",
    "B": "known indirectly but corroborated",
    "C": "known indirectly",
    "D": "not known",
    "E": "suspected to be false",
}
HANDLING = {"P": "lawful sharing permitted", "C": "lawful sharing with conditions"}

#: How much a statement from intelligence of each grade may count towards a score.
#: E-graded intelligence never raises a score on its own (weight 0).
ASSESSMENT_WEIGHT = {"A": 1.0, "B": 0.8, "C": 0.5, "D": 0.25, "E": 0.0}
SOURCE_WEIGHT = {"1": 1.0, "2": 0.7, "3": 0.4}


def clean_source_evaluation(value: object) -> str:
    text = "" if value is None else str(value).strip()
    if text not in SOURCE_EVALUATION:
        raise CleanError(f"'{text[:10]}' is not a source evaluation (1, 2 or 3)")
    return text


def clean_assessment(value: object) -> str:
    text = "" if value is None else str(value).strip().upper()
    if text not in ASSESSMENT:
        raise CleanError(f"'{text[:10]}' is not an intelligence assessment (A-E)")
    return text


def clean_handling(value: object) -> str:
    text = "" if value is None else str(value).strip().upper()
    if text not in HANDLING:
        raise CleanError(f"'{text[:10]}' is not a handling code (P or C)")
    return text


@dataclass(frozen=True)
class Grade:
    source: str
    assessment: str
    handling: str

    @classmethod
    def clean(cls, value: object) -> Grade:
        """Parse ``"1A P"``, ``"2/B/C"`` or ``"3-E-P"``."""
        text = "" if value is None else str(value).upper()
        chars = [c for c in text if c.isalnum()]
        if len(chars) != 3:
            raise CleanError(f"'{text[:20]}' is not a 3x5x2 grade like '1A P'")
        return cls(clean_source_evaluation(chars[0]), clean_assessment(chars[1]),
                   clean_handling(chars[2]))

    @property
    def weight(self) -> float:
        """The share of a statement's evidence a score may take from this grade."""
        return ASSESSMENT_WEIGHT[self.assessment] * SOURCE_WEIGHT[self.source]

    def __str__(self) -> str:
        return f"{self.source}{self.assessment}{self.handling}"
