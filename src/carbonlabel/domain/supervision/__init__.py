"""Market supervision: regulators' jurisdictions, scan rules, supervision cases, spot checks,
penalty records and pilots (pure rules; services/supervision runs them)."""
