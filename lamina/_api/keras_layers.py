"""`tf.keras.layers`."""

# ruff: noqa: F401
from lamina.keras.layer.activation_layers import ELU, LeakyReLU, PReLU, ReLU, Softmax, ThresholdedReLU
from lamina.keras.layer.attention import AdditiveAttention, Attention
from lamina.keras.layer.base import Layer
from lamina.keras.layer.batch_normalization import BatchNormalization
from lamina.keras.layer.category_encoding import CategoryEncoding, Hashing
from lamina.keras.layer.conv import Conv1D, Conv2D, Conv3D, Convolution1D, Convolution2D, Convolution3D
from lamina.keras.layer.conv_depthwise import (
    DepthwiseConv1D,
    DepthwiseConv2D,
    SeparableConv1D,
    SeparableConv2D,
    SeparableConvolution1D,
    SeparableConvolution2D,
)
from lamina.keras.layer.conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D
from lamina.keras.layer.conv_transpose import (
    Conv1DTranspose,
    Conv2DTranspose,
    Conv3DTranspose,
    Convolution1DTranspose,
    Convolution2DTranspose,
    Convolution3DTranspose,
)
from lamina.keras.layer.core import Activation, Flatten, Identity, Masking, Permute, RepeatVector, Reshape
from lamina.keras.layer.dense import Dense
from lamina.keras.layer.einsum_dense import EinsumDense
from lamina.keras.layer.embedding import Embedding
from lamina.keras.layer.gated_cell import GRUCell, LSTMCell
from lamina.keras.layer.image_augmentation import (
    RandomBrightness,
    RandomContrast,
    RandomCrop,
    RandomFlip,
    RandomHeight,
    RandomRotation,
    RandomTranslation,
    RandomWidth,
    RandomZoom,
)
from lamina.keras.layer.image_preprocessing import CenterCrop, Resizing
from lamina.keras.layer.index_lookup import IntegerLookup, StringLookup
from lamina.keras.layer.input_layer import Input, InputLayer
from lamina.keras.layer.input_spec import InputSpec
from lamina.keras.layer.lambda_layer import Lambda
from lamina.keras.layer.merging import (
    Add,
    Average,
    Concatenate,
    Dot,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
    add,
    average,
    concatenate,
    dot,
    maximum,
    minimum,
    multiply,
    subtract,
)
from lamina.keras.layer.multi_head_attention import MultiHeadAttention
from lamina.keras.layer.normalization import GroupNormalization, LayerNormalization, UnitNormalization
from lamina.keras.layer.numeric_preprocessing import Discretization, Normalization, Rescaling
from lamina.keras.layer.pooling import (
    AveragePooling1D,
    AveragePooling2D,
    AveragePooling3D,
    AvgPool1D,
    AvgPool2D,
    AvgPool3D,
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalAveragePooling3D,
    GlobalAvgPool1D,
    GlobalAvgPool2D,
    GlobalAvgPool3D,
    GlobalMaxPool1D,
    GlobalMaxPool2D,
    GlobalMaxPool3D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    GlobalMaxPooling3D,
    MaxPool1D,
    MaxPool2D,
    MaxPool3D,
    MaxPooling1D,
    MaxPooling2D,
    MaxPooling3D,
)
from lamina.keras.layer.recurrent import GRU, LSTM, SimpleRNN
from lamina.keras.layer.regularization import (
    ActivityRegularization,
    AlphaDropout,
    Dropout,
    GaussianDropout,
    GaussianNoise,
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)
from lamina.keras.layer.rnn import RNN
from lamina.keras.layer.rnn_cell import AbstractRNNCell, SimpleRNNCell, StackedRNNCells
from lamina.keras.layer.rnn_wrapper import Bidirectional, TimeDistributed, Wrapper
from lamina.keras.layer.spatial import (
    Cropping1D,
    Cropping2D,
    Cropping3D,
    UpSampling1D,
    UpSampling2D,
    UpSampling3D,
    ZeroPadding1D,
    ZeroPadding2D,
    ZeroPadding3D,
)
from lamina.keras.layer.text_vectorization import TextVectorization
from lamina.keras.save.config import deserialize, serialize
