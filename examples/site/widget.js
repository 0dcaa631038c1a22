// A web component whose shadow DOM has known problems: an unlabelled input
// and a button with no accessible name.
customElements.define('fee-calculator', class extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).innerHTML =
      '<input type="number" id="amount">' +
      '<button id="go"><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10"/></svg></button>';
  }
});
