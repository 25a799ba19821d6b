"""The progress app's pages, a module per family: dashboard, log, history, stages, transfer
(CSV) and safety."""
