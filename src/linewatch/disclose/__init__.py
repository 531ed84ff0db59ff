"""Disclosure: the record of one analysis run that lets anyone regenerate its outputs.

``write_package`` (``linewatch disclose``) writes the run, the runs it read, their inputs
(files and batch hashes), settings, code and library versions, outputs and explanations, with
a manifest of SHA-256 hashes; ``reproduce`` (``linewatch reproduce``) re-runs the analysis
from the recorded inputs in a scratch store and reports every difference from the recorded
outputs. See ``docs/disclosure.md``.
"""

from linewatch.disclose.package import write_package
from linewatch.disclose.reproduce import Reproduction, TableDifference, reproduce
from linewatch.disclose.runs import run_chain, run_record

__all__ = ["Reproduction", "TableDifference", "reproduce", "run_chain", "run_record",
           "write_package"]
