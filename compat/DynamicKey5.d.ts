import type { DynamicKey5 } from '../legacy'

export declare const version: typeof DynamicKey5.version
export declare const noUpload: typeof DynamicKey5.noUpload
export declare const audioVideoUpload: typeof DynamicKey5.audioVideoUpload
export declare const generatePublicSharingKey: typeof DynamicKey5.generatePublicSharingKey
export declare const generateRecordingKey: typeof DynamicKey5.generateRecordingKey
export declare const generateMediaChannelKey: typeof DynamicKey5.generateMediaChannelKey
export declare const generateInChannelPermissionKey: typeof DynamicKey5.generateInChannelPermissionKey
export declare const generateDynamicKey: typeof DynamicKey5.generateDynamicKey
