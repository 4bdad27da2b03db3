"""An imported life-cycle inventory linked into a background database: its multi-output
activities allocated (``allocation``) and its exchanges linked to providers (``link``)."""
