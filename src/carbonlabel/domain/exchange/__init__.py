"""Supply-chain exchange: partners, supplier requests, received footprints, data sharing."""
