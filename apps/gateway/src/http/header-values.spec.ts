import { headerValues } from './header-values';

describe('headerValues', () => {
  it('gives every value of the header, whatever the case of its name, in order', () => {
    const request = { rawHeaders: ['Host', 'a', 'Last-Event-ID', '3', 'accept', '*/*', 'last-event-id', '4'] };
    expect(headerValues(request, 'last-event-id')).toEqual(['3', '4']);
    expect(headerValues(request, 'host')).toEqual(['a']);
  });

  it('gives undefined for a header the request does not have, as headersDistinct does', () => {
    expect(headerValues({ rawHeaders: ['Host', 'a'] }, 'origin')).toBeUndefined();
  });
});
