"""Person detection, BlazePose landmarks and a refined silhouette on the CPU (MediaPipe models on onnxruntime)."""

from tapeless.vision.body import BodyDetection, find_body
from tapeless.vision.rejections import ArmsNotApart, MultiplePeople, NoPersonFound, PersonCutOff, WrongView

__all__ = ["ArmsNotApart", "BodyDetection", "MultiplePeople", "NoPersonFound", "PersonCutOff", "WrongView",
           "find_body"]
