"""An AOS-compatible HTTP API (version 2) over the embedded engine, served by
`aos-designer serve`. Pure Python: nothing here imports Qt."""
