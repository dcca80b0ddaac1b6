// Display titles of TF Hub models: the name's words as the card, else the catalog, writes them.
import { describe, expect, it } from 'vitest'
import { capitalisedSpellings, displayTitle } from '../../worker/tfhub/title'

describe('a TF Hub model title', () => {
  it("writes each word of the name as the model's card writes it", () => {
    const card = 'MoveNet is an ultra fast model. This variant: MoveNet.SinglePose.Thunder.'
    expect(displayTitle('movenet', [card])).toBe('MoveNet')
    expect(displayTitle('yamnet', ['YAMNet predicts 521 audio events.'])).toBe('YAMNet')
    expect(displayTitle('bert', ['BERT encoder. Bidirectional (BERT) models.'])).toBe('BERT')
  })

  it('splits handles and versions into words, and keeps numbers as they are', () => {
    expect(displayTitle('mobilenet_v1_0.25_160_quantized', ['A MobileNet.'])).toBe(
      'MobileNet V1 0.25 160 Quantized',
    )
    expect(displayTitle('models/kids-cgan', [])).toBe('Models Kids Cgan')
    expect(displayTitle('mirnet-tfjs', ['MIRNet, converted.'])).toBe('MIRNet TF.js')
  })

  it('takes no spelling from links, code or identifiers, which are lower case by habit', () => {
    const card =
      'See `ssd_mobilenet_v1` and [the model](https://tfhub.dev/tensorflow/ssd_mobilenet_v1/1).'
    expect(displayTitle('ssd_mobilenet_v1', [card])).toBe('Ssd Mobilenet V1')
  })

  it("falls back to the catalog's spelling, and ignores a heading that shouts a plain word", () => {
    const catalog = capitalisedSpellings(['SSD with a MobileNet V2.', 'An SSD model.'])
    expect(displayTitle('ssd_mobilenet_v2', ['An object detector.'], catalog)).toBe(
      'SSD MobileNet V2',
    )
    const shouting = '# PLANT DISEASE\n\nFinds a plant disease from a leaf; the disease named.'
    expect(displayTitle('plant-disease', [shouting])).toBe('Plant Disease')
    expect(displayTitle('wrn-106', ['UNSUPERVISED ADVERSARIAL TRAINING of a WRN'])).toBe('WRN 106')
  })

  it('prefers capitals inside a word to capitals all through, and either to capitalising', () => {
    const card = 'EFFICIENTNET. EfficientNet is efficient; efficientnet_b0 is one.'
    expect(displayTitle('efficientnet', [card])).toBe('EfficientNet')
  })
})
