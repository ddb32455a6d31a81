"""Reports: one view-model rendered to Markdown (jinja2) and DOCX (python-docx)."""
