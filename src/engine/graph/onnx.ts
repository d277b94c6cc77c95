// Encoding the IR as an ONNX ModelProto (onnx-buf: the ONNX 1.20 schema on @bufbuild/protobuf).
import { create, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto,
  AttributeProtoSchema,
  AttributeProto_AttributeType as AT,
  GraphProto,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  TensorProto,
  TensorProtoSchema,
  TensorProto_DataType as DT,
  ValueInfoProto,
  ValueInfoProtoSchema,
} from 'onnx-buf';
import { Graph } from './graph';
import { Attr, DType, TensorData, Value } from './types';

/** Opset 17 (ONNX 1.12): every op we emit exists in ORT's CPU provider at this version. */
export const OPSET = 17;
/** IR version 8 is the one that introduced opset 17. */
export const IR_VERSION = 8;

const DTYPES: Record<DType, DT> = { float32: DT.FLOAT, float64: DT.DOUBLE, int64: DT.INT64, bool: DT.BOOL };

function tensorProto(t: TensorData, name = ''): TensorProto {
  const d = t.data;
  const raw = new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice();
  return create(TensorProtoSchema, {
    name,
    dims: t.dims.map((x) => BigInt(x)),
    dataType: DTYPES[t.dtype],
    rawData: raw,
  });
}

function valueInfo(v: Value): ValueInfoProto {
  return create(ValueInfoProtoSchema, {
    name: v.name,
    type: {
      value: {
        case: 'tensorType',
        value: {
          elemType: DTYPES[v.dtype],
          shape: {
            dim: v.shape.map((d) =>
              typeof d === 'number'
                ? { value: { case: 'dimValue' as const, value: BigInt(d) } }
                : { value: { case: 'dimParam' as const, value: d } },
            ),
          },
        },
      },
    },
  });
}

function attribute(name: string, a: Attr): AttributeProto {
  switch (a.kind) {
    case 'int':
      return create(AttributeProtoSchema, { name, type: AT.INT, i: BigInt(a.v) });
    case 'float':
      return create(AttributeProtoSchema, { name, type: AT.FLOAT, f: a.v });
    case 'ints':
      return create(AttributeProtoSchema, { name, type: AT.INTS, ints: a.v.map((x) => BigInt(x)) });
    case 'floats':
      return create(AttributeProtoSchema, { name, type: AT.FLOATS, floats: a.v });
    case 'string':
      return create(AttributeProtoSchema, { name, type: AT.STRING, s: new TextEncoder().encode(a.v) });
    case 'tensor':
      return create(AttributeProtoSchema, { name, type: AT.TENSOR, t: tensorProto(a.v) });
    case 'graph':
      return create(AttributeProtoSchema, { name, type: AT.GRAPH, g: graphProto(a.v) });
  }
}

function graphProto(g: Graph): GraphProto {
  return create(GraphProtoSchema, {
    name: g.name,
    input: g.inputs.map(valueInfo),
    output: g.outputs.map(valueInfo),
    node: g.nodes.map((n, k) =>
      create(NodeProtoSchema, {
        name: `${n.op}_${k}`,
        opType: n.op,
        domain: '',
        input: n.inputs.map((x) => (x ? x.name : '')),
        output: n.outputs.map((x) => x.name),
        attribute: Object.entries(n.attrs).map(([k2, a]) => attribute(k2, a)),
      }),
    ),
  });
}

/** Serialise a top-level graph as ONNX model bytes. */
export function encodeModel(g: Graph, producer = 'unroll'): Uint8Array {
  if (g.parent) throw new Error('encodeModel: give the top-level graph');
  const model = create(ModelProtoSchema, {
    irVersion: BigInt(IR_VERSION),
    producerName: producer,
    producerVersion: '0.1.0',
    opsetImport: [{ domain: '', version: BigInt(OPSET) }],
    graph: graphProto(g),
  });
  return toBinary(ModelProtoSchema, model);
}
