"""Batch conversion: walk the inputs, parse them in workers, write outputs,
account for every input.

    inputs   the walk: arguments and folders → `Input`s, output names that never clash
    reading  one input → its license (text, stdin, a scan by name or by bytes)
    work     one input → one `Outcome` (what a worker runs)
    pages    review pages beside the JSON, and the index
    database --sqlite; workbook: --xlsx
    records  an outcome's text in each format (JSON, JSONL, CSV, error objects)
    workers  worker processes that survive a crash of the one parsing a file
    run      scheduling in input order, and `Batch`: outputs, tally, report
    outputs  whole-or-nothing writes inside the output folder
    report   the summary line and the --report file
"""
