"""Rule checks driven by the yearly rule files, the paper-versus-online comparison and the status."""
