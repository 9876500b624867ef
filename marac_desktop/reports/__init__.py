"""ReportLab PDFs and exports. Case data reaches a page only; never a file name or metadata."""
