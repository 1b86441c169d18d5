"""The implementation of `tf.keras.callbacks`: objects the trainer (Model.fit/evaluate/predict) calls
at the start and end of training, epochs and batches.

Read `base.py` first: `Callback` (the hooks) and `CallbackList` (the one object the trainer talks to;
it decides which callbacks need batch hooks and converts on-device batch logs to Python numbers only
when a callback needs them). Then `monitor.py` (the monitored-quantity rules shared by EarlyStopping,
ModelCheckpoint and ReduceLROnPlateau), `history.py` (History, BaseLogger), `progbar.py`
(ProgbarLogger), `early_stopping.py`, `checkpoint.py` (ModelCheckpoint), `schedule.py`
(LearningRateScheduler, ReduceLROnPlateau), `csv_logger.py`, `misc.py` (TerminateOnNaN,
LambdaCallback) and `backup.py` (BackupAndRestore).
"""
