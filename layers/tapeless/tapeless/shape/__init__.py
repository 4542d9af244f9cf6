"""Body-shape class (hourglass, pear, inverted triangle, rectangle, apple) after the FFIT rules."""

from tapeless.shape.classify import SHAPE_CLASSES, BodyShape, classify_body_shape

__all__ = ["SHAPE_CLASSES", "BodyShape", "classify_body_shape"]
