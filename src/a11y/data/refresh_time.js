// HTML's "shared declarative refresh steps" on a meta refresh content value: the time in
// seconds, or null where the steps return early (an invalid instruction, which does nothing).
// One function expression, shared by the page loader (pagework.py) and the meta refresh checks.
(input) => {
  const WS = /[\t\n\f\r ]/;
  let pos = 0;
  const skipWs = () => { while (pos < input.length && WS.test(input[pos])) pos++; };
  skipWs();
  let time = 0;
  const start = pos;
  while (pos < input.length && input[pos] >= "0" && input[pos] <= "9") pos++;
  const timeString = input.slice(start, pos);
  if (timeString === "") {
    if (input[pos] !== ".") return null;
  } else {
    time = Number(timeString);
  }
  while (pos < input.length && ((input[pos] >= "0" && input[pos] <= "9") || input[pos] === ".")) pos++;
  if (pos < input.length) {
    if (!(input[pos] === ";" || input[pos] === "," || WS.test(input[pos]))) return null;
    skipWs();
    if (input[pos] === ";" || input[pos] === ",") pos++;
    skipWs();
  }
  if (pos < input.length) {
    let urlString = input.slice(pos);
    let p = pos;
    const lower = (i) => (input[i] || "").toLowerCase();
    let skipQuotes = false;
    if (lower(p) === "u" && lower(p + 1) === "r" && lower(p + 2) === "l") {
      p += 3;
      while (p < input.length && WS.test(input[p])) p++;
      if (input[p] === "=") {
        p++;
        while (p < input.length && WS.test(input[p])) p++;
        skipQuotes = true;
      }
    } else if (lower(p) !== "u") {
      skipQuotes = true;
    }
    if (skipQuotes) {
      let quote = "";
      if (input[p] === "'" || input[p] === '"') { quote = input[p]; p++; }
      urlString = input.slice(p);
      if (quote && urlString.includes(quote)) urlString = urlString.slice(0, urlString.indexOf(quote));
    }
    try { new URL(urlString, document.baseURI); } catch (e) { return null; }
  }
  return time;
}
