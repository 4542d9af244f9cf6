"""The body model: Anny on numpy (model, posing, stature), ISO 8559-1 measurements, mesh export, fitting."""
