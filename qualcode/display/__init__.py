"""Data display: pure pandas functions from codings, segments and cases to displays."""
