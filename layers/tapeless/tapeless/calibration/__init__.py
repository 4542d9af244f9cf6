"""Scale and colour calibration from the photo: the ID-1 card (homography, mm per pixel, pose) and white
balance (Bradford adaptation to D65)."""
