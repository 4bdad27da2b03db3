"""The regulator's journey: jurisdiction, scan analytics and alerts, supervision cases, spot
checks, penalty records and pilots. Sits above certification (a spot check's nonconforming
result becomes the body's required action)."""
