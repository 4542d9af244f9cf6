"""Skin tone from a calibrated photo: CIELAB, ITA°, Monk Skin Tone bucket, undertone, clothing palette."""
