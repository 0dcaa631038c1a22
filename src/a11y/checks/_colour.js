// A computed colour as sRGB numbers, whatever its notation: rgb()/rgba() (how Chromium gives
// sRGB colours) is read as it is; any other (CSS Color 4: oklch(), oklab(), lab(), lch(), hwb(),
// color(srgb ...), color(display-p3 ...); Tailwind v4's palette is oklch) is painted on a 1x1
// canvas and read back, as the browser paints it on an sRGB page (out-of-gamut colours clipped
// as it clips them, 8 bits a channel).
// A function expression: () => colour, colour(value) -> [r, g, b, a] (r, g, b 0-255, a 0-1), or
// null for what is not a colour. One colour function per call of the script that makes it:
// each string is painted once. Leaves nothing on the page (the canvas is never attached).
() => {
  const LEGACY = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/;
  // The alpha a modern notation states (`oklch(l c h / 0.95)`): exact, where the canvas keeps 8 bits.
  const STATED = /^[a-z-]+\([^()]*\/\s*([\d.]+)(%?)\s*\)$/;
  const number = (digits, percent) => parseFloat(digits) / (percent ? 100 : 1);
  const known = new Map();
  let pen = null;
  const paint = (value) => {
    if (!pen) {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 1;
      pen = canvas.getContext('2d', { willReadFrequently: true });
    }
    pen.clearRect(0, 0, 1, 1);
    pen.fillStyle = value;
    pen.fillRect(0, 0, 1, 1);
    return pen.getImageData(0, 0, 1, 1).data;
  };
  // The colour without its alpha, where relative colour syntax can say so: a canvas keeps its
  // pixels premultiplied, so a faint colour read back loses the precision of its channels.
  const opaque = (value) => `color(from ${value} srgb r g b / 1)`;
  let relative = null;
  const painted = (value) => {
    if (!CSS.supports('color', value)) return null;
    const [r, g, b, a] = paint(value);
    if (a === 255 || a === 0) return [r, g, b, a / 255];
    if (relative === null) relative = CSS.supports('color', opaque('red'));
    const stated = STATED.exec(value);
    return [...(relative ? paint(opaque(value)).slice(0, 3) : [r, g, b]),
            stated ? Math.min(1, number(stated[1], stated[2])) : a / 255];
  };
  return (value) => {
    if (!value) return null;
    if (value === 'transparent') return [0, 0, 0, 0];
    const m = LEGACY.exec(value);
    if (m) return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : number(m[4], m[4].endsWith('%'))];
    if (!known.has(value)) known.set(value, painted(value));
    return known.get(value);
  };
}
