/**
 * Plain SVG charts, written by the bench next to its JSON results: no browser, no library. Line
 * charts (linear or log axes) and histograms, sized for a README.
 */

export interface Series {
  name: string;
  points: [x: number, y: number][];
}

export type Scale = 'linear' | 'log';

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  xScale?: Scale;
  yScale?: Scale;
  /** Draw each series as steps (a CDF) rather than straight segments. */
  steps?: boolean;
  /** Draw each point as a dot as well. */
  dots?: boolean;
  /** Vertical lines at these x values, labelled (a target, a pacing). */
  markers?: { x: number; label: string }[];
}

export interface Bin {
  from: number;
  to: number;
  count: number;
}

export interface HistogramSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  bins: Bin[];
  markers?: { x: number; label: string }[];
}

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { top: 40, right: 20, bottom: 50, left: 70 };
const PLOT = { width: WIDTH - MARGIN.left - MARGIN.right, height: HEIGHT - MARGIN.top - MARGIN.bottom };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

/** Maps data values to pixels along one axis. */
class Axis {
  private readonly low: number;
  private readonly high: number;

  constructor(
    min: number,
    max: number,
    private readonly scale: Scale,
    private readonly pixels: number,
  ) {
    if (scale === 'log') {
      // Callers pass only positive values on a log axis (see lineChart).
      this.low = Math.floor(Math.log10(min));
      this.high = Math.max(this.low + 1, Math.ceil(Math.log10(max)));
    } else {
      const step = niceStep((max - Math.min(0, min)) / 5);
      this.low = Math.floor(Math.min(0, min) / step) * step;
      this.high = Math.ceil(max / step) * step || step;
    }
  }

  at(value: number): number {
    const position = this.scale === 'log' ? Math.log10(Math.max(value, 10 ** this.low)) : value;
    return ((position - this.low) / (this.high - this.low)) * this.pixels;
  }

  ticks(): number[] {
    if (this.scale === 'log') {
      const ticks: number[] = [];
      for (let power = this.low; power <= this.high; power++) {
        for (const factor of [1, 2, 5]) if (power + Math.log10(factor) <= this.high + 1e-9) ticks.push(factor * 10 ** power);
      }
      return ticks;
    }
    const step = niceStep((this.high - this.low) / 5);
    const ticks: number[] = [];
    for (let value = this.low; value <= this.high + step / 1e6; value += step) ticks.push(Number(value.toPrecision(12)));
    return ticks;
  }
}

/** 1, 2 or 5 times a power of ten, at least `rough`. */
function niceStep(rough: number): number {
  if (!(rough > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const factor = [1, 2, 5, 10].find((candidate) => candidate * power >= rough) ?? 10;
  return factor * power;
}

function label(value: number): string {
  if (Math.abs(value) >= 1000) return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return Number(value.toPrecision(3)).toString();
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function frame(title: string, xLabel: string, yLabel: string, x: Axis, y: Axis, body: string[]): string {
  const gridX = x.ticks().map((tick) => {
    const px = x.at(tick).toFixed(1);
    return `<line x1="${px}" y1="0" x2="${px}" y2="${PLOT.height}" class="grid"/><text x="${px}" y="${PLOT.height + 16}" text-anchor="middle">${label(tick)}</text>`;
  });
  const gridY = y.ticks().map((tick) => {
    const py = (PLOT.height - y.at(tick)).toFixed(1);
    return `<line x1="0" y1="${py}" x2="${PLOT.width}" y2="${py}" class="grid"/><text x="-8" y="${py}" text-anchor="end" dominant-baseline="middle">${label(tick)}</text>`;
  });
  return svgDocument(title, [
    `<g transform="translate(${MARGIN.left},${MARGIN.top})">`,
    ...gridX,
    ...gridY,
    `<line x1="0" y1="${PLOT.height}" x2="${PLOT.width}" y2="${PLOT.height}" class="axis"/><line x1="0" y1="0" x2="0" y2="${PLOT.height}" class="axis"/>`,
    ...body,
    `<text x="${PLOT.width / 2}" y="${PLOT.height + 38}" text-anchor="middle">${escape(xLabel)}</text>`,
    `<text transform="translate(-52,${PLOT.height / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`,
    '</g>',
  ]);
}

/** A chart's SVG file: the white page and its title, around `content`. */
function svgDocument(title: string, content: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    '<style>.grid{stroke:#ddd;stroke-width:1}.axis{stroke:#333;stroke-width:1}text{fill:#333}</style>',
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escape(title)}</text>`,
    ...content,
    '</svg>',
    '',
  ].join('\n');
}

function markerLines(markers: { x: number; label: string }[], x: Axis): string[] {
  return markers.map(({ x: at, label: text }) => {
    const px = x.at(at).toFixed(1);
    return `<line x1="${px}" y1="0" x2="${px}" y2="${PLOT.height}" stroke="#555" stroke-dasharray="4 3"/><text x="${px}" y="-6" text-anchor="middle" font-size="11">${escape(text)}</text>`;
  });
}

function legend(names: string[]): string[] {
  const box = `<rect x="${PLOT.width - 198}" y="0" width="196" height="${names.length * 18 + 8}" fill="#fff" fill-opacity="0.85" stroke="#ddd"/>`;
  return [
    box,
    ...names.map(
      (name, index) =>
        `<rect x="${PLOT.width - 190}" y="${8 + index * 18}" width="12" height="3" fill="${COLOURS[index % COLOURS.length]}"/>` +
        `<text x="${PLOT.width - 172}" y="${12 + index * 18}" dominant-baseline="middle">${escape(name)}</text>`,
    ),
  ];
}

export function lineChart(spec: LineChartSpec): string {
  // A log axis has no place for zero or less: such points are left out.
  const onAxes = ([px, py]: [number, number]) => (spec.xScale !== 'log' || px > 0) && (spec.yScale !== 'log' || py > 0);
  spec = { ...spec, series: spec.series.map((series) => ({ ...series, points: series.points.filter(onAxes) })) };
  const points = spec.series.flatMap((series) => series.points);
  if (points.length === 0) return noData(spec.title);
  const xs = [...points.map(([x]) => x), ...(spec.markers ?? []).map((marker) => marker.x)];
  const ys = points.map(([, y]) => y);
  const x = new Axis(Math.min(...xs), Math.max(...xs), spec.xScale ?? 'linear', PLOT.width);
  const y = new Axis(Math.min(...ys), Math.max(...ys), spec.yScale ?? 'linear', PLOT.height);
  const paths = spec.series.map((series, index) => {
    const colour = COLOURS[index % COLOURS.length];
    const pixels = ([px, py]: [number, number]) => [x.at(px).toFixed(1), (PLOT.height - y.at(py)).toFixed(1)];
    const at = (point: [number, number]) => pixels(point).join(',');
    const vertices = spec.steps
      ? series.points.flatMap((point, i) => (i === 0 ? [point] : [[point[0], series.points[i - 1][1]] as [number, number], point]))
      : series.points;
    const line = `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${vertices.map(at).join(' ')}"/>`;
    const dots = spec.dots
      ? series.points.map((point) => {
          const [cx, cy] = pixels(point);
          return `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${colour}"/>`;
        })
      : [];
    return [line, ...dots].join('');
  });
  return frame(spec.title, spec.xLabel, spec.yLabel, x, y, [
    ...markerLines(spec.markers ?? [], x),
    ...paths,
    ...legend(spec.series.map((series) => series.name)),
  ]);
}

export function histogram(spec: HistogramSpec): string {
  if (spec.bins.length === 0) return noData(spec.title);
  const edges = [...spec.bins.flatMap((bin) => [bin.from, bin.to]), ...(spec.markers ?? []).map((marker) => marker.x)];
  const x = new Axis(Math.min(...edges), Math.max(...edges), 'linear', PLOT.width);
  const y = new Axis(0, Math.max(1, ...spec.bins.map((bin) => bin.count)), 'linear', PLOT.height);
  const bars = spec.bins.map((bin) => {
    const left = x.at(bin.from);
    const height = y.at(bin.count);
    return `<rect x="${left.toFixed(1)}" y="${(PLOT.height - height).toFixed(1)}" width="${Math.max(0.5, x.at(bin.to) - left - 1).toFixed(1)}" height="${height.toFixed(1)}" fill="${COLOURS[0]}"/>`;
  });
  return frame(spec.title, spec.xLabel, spec.yLabel, x, y, [...bars, ...markerLines(spec.markers ?? [], x)]);
}

function noData(title: string): string {
  return svgDocument(title, [`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no data in this run</text>`]);
}

/** The empirical CDF of `values` as at most `maxPoints` (value, fraction at or below) points. */
export function cdfPoints(values: number[], maxPoints = 200): [number, number][] {
  const sorted = Float64Array.from(values).sort();
  const step = Math.max(1, Math.floor(sorted.length / maxPoints));
  const points: [number, number][] = [];
  for (let i = 0; i < sorted.length; i += step) points.push([sorted[i], (i + 1) / sorted.length]);
  if (sorted.length > 0) points.push([sorted[sorted.length - 1], 1]);
  return points;
}

/** Counts of `values` in bins `width` wide from `from`; values past `to` go in a last, open bin. */
export function binned(values: number[], from: number, to: number, width: number): Bin[] {
  const bins: Bin[] = [];
  for (let start = from; start < to; start += width) bins.push({ from: start, to: start + width, count: 0 });
  const overflow: Bin = { from: to, to: to + width, count: 0 };
  for (const value of values) {
    if (value >= to) overflow.count += 1;
    else if (value >= from) bins[Math.floor((value - from) / width)].count += 1;
  }
  return overflow.count > 0 ? [...bins, overflow] : bins;
}
