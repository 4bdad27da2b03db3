"""Exchange: footprints between organisations. PACT partners, our PACT host (what a partner
may read, the events it sends) and client (fetching, asking, the outbox of events), supplier
requests and files inside the platform, and received footprints as the supplier catalogue of
a calculation.
"""
