// Validates recorded responses against a spec's response schemas, with Prism's own parser and Ajv
// options (the ones check-compiles.js uses). Usage: node -r ./alias-prism-http.js validate-responses.js
// SPEC ITEMS.json, where ITEMS.json is [{method, path, status, body}] or [{schema, body}] (schema: a
// '#/components/schemas/X' pointer, for what no operation returns as JSON: JSONL lines). Prints one JSON line:
// [{index, operation, schemaFor, errors:[...]}]; a schema that does not compile is an error, never a pass.
const fs = require('fs');
const { getHttpOperationsFromSpec } = require('@stoplight/prism-http');
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;

const escape = s => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
const matcher = p => new RegExp('^' + p.split(/\{[^}]+\}/).map(escape).join('[^/]+') + '$');

const describe = (validate, body) => validate(body) ? [] : validate.errors.map(e =>
  `${e.instancePath || '(root)'} ${e.message}`
  + (e.params && e.params.additionalProperty ? ` '${e.params.additionalProperty}'` : '')
  + (e.params && e.params.allowedValues ? `: ${e.params.allowedValues.join(', ')}` : ''));

(async () => {
  const ops = await getHttpOperationsFromSpec(process.argv[2]);
  const items = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  let components;
  const component = (pointer, body) => {
    if (!components) {
      components = new Ajv({ allErrors: true, allowUnionTypes: true, allowMatchingProperties: true, strict: false,
        logger: false, validateSchema: false });
      addFormats(components);
      components.addSchema(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')), 'spec');
    }
    return components.compile({ $ref: 'spec' + pointer });
  };
  const out = items.map((item, index) => {
    if (item.schema) {
      let validate;
      try { validate = component(item.schema); }
      catch (e) { return { index, operation: item.schema, schemaFor: item.schema, errors: [`schema does not compile: ${e.message}`] }; }
      return { index, operation: item.schema, schemaFor: item.schema, errors: describe(validate, item.body) };
    }
    const path = item.path.split('?')[0];
    const candidates = ops.filter(o => o.method === item.method.toLowerCase() && matcher(o.path).test(path));
    // the most specific template wins (fewest parameters)
    candidates.sort((a, b) => (a.path.match(/\{/g) || []).length - (b.path.match(/\{/g) || []).length);
    const op = candidates[0];
    if (!op) return { index, errors: [`no operation ${item.method} ${path} in the spec`] };
    const code = String(item.status);
    const response = op.responses.find(r => r.code === code)
      || op.responses.find(r => r.code.toUpperCase() === code[0] + 'XX')
      || op.responses.find(r => r.code === 'default');
    const operation = `${op.method.toUpperCase()} ${op.path}`;
    if (!response) return { index, operation, schemaFor: null, errors: [] };
    const content = (response.contents || []).find(c => c.mediaType === 'application/json');
    if (!content || !content.schema) return { index, operation, schemaFor: null, errors: [] };
    let validate;
    try {
      const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, allowMatchingProperties: true, strict: false,
        logger: false });
      addFormats(ajv);
      validate = ajv.compile({ ...content.schema, __bundled__: content.__bundled__ });
    } catch (e) {
      return { index, operation, schemaFor: response.code, errors: [`schema does not compile: ${e.message}`] };
    }
    return { index, operation, schemaFor: response.code, errors: describe(validate, item.body) };
  });
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(2); });
