"""fengong (分工): Chinese policy documents as a graph of who must do what, by when."""

__version__ = "0.1.0"
