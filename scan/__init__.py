"""Batch scans of many reports: folders, globs, list files and zip archives (`gouji scan`).

| module | does |
| --- | --- |
| `inputs.py` | arguments → documents (`Item`), zip members read in memory with safety limits, content hashes |
| `work.py` | one document's bytes → a JSON record (the per-file work, wherever it runs) |
| `records.py` | record ↔ `AuditResult`, and the cache of records by content hash and tool version |
| `local.py` | the local engine: a pebble process pool with per-file timeout and memory cap |
| `cluster.py` | the Dask engine: the same work on a Dask distributed cluster |
| `tables.py` | documents and findings tables (CSV, XLSX, Parquet) and the summary |
| `progress.py` | the progress bar, or plain lines with --quiet |
| `run.py` | all of the above in order: `run_scan(ScanConfig(...))` |

The package root imports nothing, so a worker that unpickles `scan.work.audit_task` loads no pandas.
"""
