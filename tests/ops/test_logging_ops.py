import sys

import lamina as tf


def test_print_formats_like_tensorflow(capsys):
    tf.print(tf.constant([1, 2, 3]), "hi", 3, tf.constant(2.5))
    tf.print(tf.range(10))
    tf.print(tf.range(10), summarize=-1, output_stream=sys.stdout)
    tf.print(tf.reshape(tf.range(6), [2, 3]), output_stream=sys.stdout)
    tf.print({"a": tf.constant(1)}, [tf.constant(1.5), 2], output_stream=sys.stdout)
    tf.print(tf.constant(["a", "b"]), tf.constant(True), sep=",", end="|\n", output_stream=sys.stdout)
    tf.print(tf.constant([0.1, 1 / 3, 1e-7]), output_stream=sys.stdout)
    captured = capsys.readouterr()
    assert captured.err == "[1 2 3] hi 3 2.5\n[0 1 2 ... 7 8 9]\n"
    assert captured.out.splitlines() == [
        "[0 1 2 3 4 5 6 7 8 9]",
        "[[0 1 2]",
        " [3 4 5]]",
        "{'a': 1} [1.5, 2]",
        '["a" "b"],1|',
        "[0.1 0.333333 1e-07]",
    ]


def test_print_runs_on_every_call_of_a_function_in_program_order(capsys):
    @tf.function
    def f(x):
        tf.print("before", x, output_stream=sys.stdout)
        y = x * 2
        tf.print("after", y, output_stream=sys.stdout)
        return y

    f(tf.constant(1))
    f(tf.constant(5))
    assert capsys.readouterr().out.splitlines() == ["before 1", "after 2", "before 5", "after 10"]
    assert f.experimental_get_tracing_count() == 1
