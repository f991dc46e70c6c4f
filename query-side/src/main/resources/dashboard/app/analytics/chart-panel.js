// One Chart.js chart on a canvas. The canvas is an image with a label for screen readers; the view puts the same
// figures in a table beside it. No animation: figures appear as they are, and nothing moves for users who would
// rather it did not.
import { View } from '../common/view.js';
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
Chart.defaults.color = '#1b1f24';

class ChartPanel extends View {
  static properties = {
    config: { attribute: false },
    label: {},
  };

  disconnectedCallback() {
    this.chart?.destroy();
    this.chart = null;
    super.disconnectedCallback();
  }

  render() {
    return null;
  }

  updated() {
    if (!this.canvas) {
      this.canvas = document.createElement('canvas');
      this.canvas.setAttribute('role', 'img');
      const frame = document.createElement('div');
      frame.className = 'chart';
      frame.append(this.canvas);
      this.append(frame);
    }
    this.canvas.setAttribute('aria-label', this.label || '');
    const config = {
      ...this.config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...this.config.options },
    };
    if (this.chart) {
      this.chart.data = config.data;
      this.chart.options = config.options;
      this.chart.update();
    } else {
      this.chart = new Chart(this.canvas, config);
    }
  }
}

customElements.define('mf-chart', ChartPanel);
