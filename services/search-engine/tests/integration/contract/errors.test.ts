import { expectError, vehicle, useFleetIndex } from '../../support/contract';
import { uniqueIndexName } from '../../support/search-target';

const fixture = useFleetIndex('contract-errors');
const { index } = fixture;
const missing = uniqueIndexName('contract-missing');

/** A raw request: the client's typed methods would not let an unknown query through. */
function post(path: string, body: Record<string, unknown>) {
  return fixture.target.client.transport.request({ method: 'POST', path, body });
}

describe('an unknown query type', () => {
  it('is a 400 parsing_exception on _search', async () => {
    // Source: AbstractQueryBuilder.parseInnerQueryBuilder turns the unknown name into a
    // ParsingException "unknown query [name]", maybe followed by a "did you mean" suggestion.
    const error = await expectError(
      post(`/${index}/_search`, { query: { no_such_query: { vin: 'WVWZZZ1KZ9W000001' } } }),
      400,
      'parsing_exception',
    );
    expect(error.reason).toMatch(/^unknown query \[no_such_query\]/);
    expect(error.root_cause[0].type).toBe('parsing_exception');
  });

  it('is a 400 parsing_exception on _count', async () => {
    const error = await expectError(
      post(`/${index}/_count`, { query: { no_such_query: {} } }),
      400,
      'parsing_exception',
    );
    expect(error.reason).toMatch(/^unknown query \[no_such_query\]/);
  });

  it('inside a bool clause is a 400 x_content_parse_exception caused by parsing_exception', async () => {
    // bool parses its clauses with an ObjectParser, which wraps any failure of a field in an
    // XContentParseException "[bool] failed to parse field [filter]" (source: ObjectParser
    // .parseValue and BoolQueryBuilder.PARSER).
    const error = await expectError(
      post(`/${index}/_search`, {
        query: { bool: { filter: [{ term: { make: 'Volvo' } }, { no_such_query: {} }] } },
      }),
      400,
      'x_content_parse_exception',
    );
    expect(error.reason).toContain('[bool] failed to parse field [filter]');
    expect(error.caused_by.type).toBe('parsing_exception');
    expect(error.caused_by.reason).toMatch(/^unknown query \[no_such_query\]/);
  });
});

describe('an unknown aggregation type', () => {
  it('is a 400 parsing_exception', async () => {
    // Source: AggregatorFactories.parseAggregators (and its unit test,
    // "Unknown aggregation type [term] did you mean [terms]?").
    const error = await expectError(
      post(`/${index}/_search`, {
        size: 0,
        aggs: { fleet: { no_such_agg: { field: 'make' } } },
      }),
      400,
      'parsing_exception',
    );
    expect(error.reason).toMatch(/^Unknown aggregation type \[no_such_agg\]/);
  });

  it('is a 400 parsing_exception as a sub-aggregation', async () => {
    const error = await expectError(
      post(`/${index}/_search`, {
        size: 0,
        aggs: { makes: { terms: { field: 'make' }, aggs: { odd: { no_such_agg: {} } } } },
      }),
      400,
      'parsing_exception',
    );
    expect(error.reason).toMatch(/^Unknown aggregation type \[no_such_agg\]/);
  });
});

describe('a sort on an unmapped field', () => {
  it('is a 400 that names the field', async () => {
    const error = await expectError(
      fixture.target.client.search({ index, body: { sort: [{ no_such_field: 'asc' }] } }),
      400,
    );
    expect(error.root_cause[0].reason).toBe(
      'No mapping found for [no_such_field] in order to sort on',
    );
  });
});

describe('a missing index', () => {
  const expectIndexNotFound = async (request: Promise<unknown>) => {
    const error = await expectError(request, 404, 'index_not_found_exception');
    expect(error.reason).toBe(`no such index [${missing}]`);
    expect(error.index).toBe(missing);
  };

  it('is a 404 index_not_found_exception for _search and _count', async () => {
    await expectIndexNotFound(fixture.target.client.search({ index: missing, body: {} }));
    await expectIndexNotFound(fixture.target.client.count({ index: missing }));
  });

  it('is a 404 index_not_found_exception for reading a document or the mapping', async () => {
    await expectIndexNotFound(fixture.target.client.get({ index: missing, id: 'v1' }));
    await expectIndexNotFound(fixture.target.client.indices.getMapping({ index: missing }));
    await expectIndexNotFound(
      fixture.target.client.indices.putMapping({
        index: missing,
        body: { properties: { vin: { type: 'keyword' } } },
      }),
    );
  });
});

describe('a document that violates the mapping', () => {
  it('is a 400 mapper_parsing_exception for a string in a geo_point', async () => {
    const error = await expectError(
      fixture.target.client.index({
        index,
        id: 'bad-geo',
        body: { ...vehicle('v1'), geolocation: { location: 'somewhere in Berlin' } },
      }),
      400,
      'mapper_parsing_exception',
    );
    expect(error.reason).toContain(
      'failed to parse field [geolocation.location] of type [geo_point]',
    );
  });

  it('is a 400 mapper_parsing_exception for a non-date in a date', async () => {
    const error = await expectError(
      fixture.target.client.index({
        index,
        id: 'bad-date',
        body: { ...vehicle('v1'), sendtimestamp: 'last tuesday' },
      }),
      400,
      'mapper_parsing_exception',
    );
    expect(error.reason).toContain('failed to parse field [sendtimestamp] of type [date]');
  });

  it('is a 400 strict_dynamic_mapping_exception for an unknown field', async () => {
    const error = await expectError(
      fixture.target.client.index({
        index,
        id: 'bad-field',
        body: { ...vehicle('v1'), colour: 'red' },
      }),
      400,
      'strict_dynamic_mapping_exception',
    );
    expect(error.reason).toContain('[colour]');
  });

  it('is not stored', async () => {
    const exists = await Promise.all(
      ['bad-geo', 'bad-date', 'bad-field'].map(
        async (id) => (await fixture.target.client.exists({ index, id })).body,
      ),
    );
    expect(exists).toEqual([false, false, false]);
  });
});
