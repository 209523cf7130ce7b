package dev.ioloop.tooling.chart;

/**
 * A chart's size and the margins around its plot (the title above, the value axis's labels to the left, the
 * categories or seconds below), in SVG user units.
 */
record Frame(int width, int height, int left, int right, int top, int bottom) {
  /** Every chart's size: three side by side fit a page. */
  static Frame standard(int right) {
    return new Frame(300, 210, 46, right, 34, 30);
  }

  double plotWidth() {
    return width - left - right;
  }

  double plotHeight() {
    return height - top - bottom;
  }

  /** Where zero is: the plot's bottom edge. */
  double baseline() {
    return top + plotHeight();
  }

  /** The plot's right edge. */
  double end() {
    return width - right;
  }
}
