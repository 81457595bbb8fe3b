/** A figure that cannot be measured in this setup (e.g. RSS of a gateway the bench did not start). */
class FigureSkipped extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FigureSkipped';
  }
}

export { FigureSkipped };
