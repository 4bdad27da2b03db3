"""The regulator's pages and API: home, alerts, supervision cases, spot checks, penalty
records, pilots (each module one part; app.py includes their routers)."""
