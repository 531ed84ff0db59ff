"""Scores a results export against a simulator's ground truth (see docs/evaluation.md).

    >>> from linewatch.evaluate import evaluate
    >>> report = evaluate("scenario/truth", results)   # doctest: +SKIP
    >>> report["tasks"]["deal_lines"]["per_number"]["f1"]  # doctest: +SKIP
"""

from linewatch.evaluate.core import EVALUATION_VERSION, TASKS, evaluate, evaluate_truth
from linewatch.evaluate.truth import Truth, load_truth

__all__ = ["EVALUATION_VERSION", "TASKS", "Truth", "evaluate", "evaluate_truth", "load_truth"]
