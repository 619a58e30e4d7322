"""The types every stage shares: the document and its figures, rounding, claims and findings.

`model.document` (Document → Block → Table/Cell with provenance), `model.figure` (a printed figure),
`model.rounding` (how a printed figure agrees with a computed value, and the one formatter),
`model.claims` (statements read from the prose) and `model.findings` (what the rules report). Nothing
here reads a file or judges a document.
"""
