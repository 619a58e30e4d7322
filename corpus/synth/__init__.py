"""Synthetic evaluation reports with injected errors and ground-truth labels (issue 5).

`python3 -m corpus.synth.generate --seed N --count K --out DIR` writes reports as text, DOCX and PDF
with one `.json` label file each. See corpus/synth/README.md.
"""
