"""The capture pipeline's stages as plain functions; the Lambda handlers only call them."""
