"""The implementation of `tf.keras.metrics`: stateful metrics whose state lives in Variables.

Read `base.py` first (Metric, Sum/Mean, MeanMetricWrapper, MeanTensor), then `functions.py` (the
per-example metric functions and the table of their names) and `broadcast.py` (sample weights
against values), then the families: `accuracy.py`, `regression.py`, `loss_metrics.py` (the means of
lamina.keras.loss's functions), `f_score.py`, `confusion.py` (pure confusion-matrix counting that
tf.compat.v1.metrics reuses), `thresholded.py`, `auc.py`, `iou.py`; `lookup.py` holds
get/serialize/deserialize.
"""
