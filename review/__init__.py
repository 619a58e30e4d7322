"""Between audits: the findings a reviewer accepted (baseline) and what changed in a resubmission (compare).

Both work on finding fingerprints (`checks.fingerprints`), never on finding numbers, which follow the
order of one report.
"""
